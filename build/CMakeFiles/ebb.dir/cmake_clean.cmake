file(REMOVE_RECURSE
  "CMakeFiles/ebb.dir/src/cli/cli.c.o"
  "CMakeFiles/ebb.dir/src/cli/cli.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/cmd-checkin.c.o"
  "CMakeFiles/ebb.dir/src/cli/cmd-checkin.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/cmd-export.c.o"
  "CMakeFiles/ebb.dir/src/cli/cmd-export.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/cmd-help.c.o"
  "CMakeFiles/ebb.dir/src/cli/cmd-help.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/cmd-init.c.o"
  "CMakeFiles/ebb.dir/src/cli/cmd-init.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/cmd-lock.c.o"
  "CMakeFiles/ebb.dir/src/cli/cmd-lock.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/cmd-log.c.o"
  "CMakeFiles/ebb.dir/src/cli/cmd-log.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/cmd-passwd.c.o"
  "CMakeFiles/ebb.dir/src/cli/cmd-passwd.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/cmd-unlock.c.o"
  "CMakeFiles/ebb.dir/src/cli/cmd-unlock.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/commands.c.o"
  "CMakeFiles/ebb.dir/src/cli/commands.c.o.d"
  "CMakeFiles/ebb.dir/src/cli/main.c.o"
  "CMakeFiles/ebb.dir/src/cli/main.c.o.d"
  "ebb"
  "ebb.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/ebb.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
