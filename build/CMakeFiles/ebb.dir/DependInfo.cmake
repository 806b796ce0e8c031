
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/cli/cli.c" "CMakeFiles/ebb.dir/src/cli/cli.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cli.c.o.d"
  "/work/main/src/cli/cmd-checkin.c" "CMakeFiles/ebb.dir/src/cli/cmd-checkin.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cmd-checkin.c.o.d"
  "/work/main/src/cli/cmd-export.c" "CMakeFiles/ebb.dir/src/cli/cmd-export.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cmd-export.c.o.d"
  "/work/main/src/cli/cmd-help.c" "CMakeFiles/ebb.dir/src/cli/cmd-help.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cmd-help.c.o.d"
  "/work/main/src/cli/cmd-init.c" "CMakeFiles/ebb.dir/src/cli/cmd-init.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cmd-init.c.o.d"
  "/work/main/src/cli/cmd-lock.c" "CMakeFiles/ebb.dir/src/cli/cmd-lock.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cmd-lock.c.o.d"
  "/work/main/src/cli/cmd-log.c" "CMakeFiles/ebb.dir/src/cli/cmd-log.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cmd-log.c.o.d"
  "/work/main/src/cli/cmd-passwd.c" "CMakeFiles/ebb.dir/src/cli/cmd-passwd.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cmd-passwd.c.o.d"
  "/work/main/src/cli/cmd-unlock.c" "CMakeFiles/ebb.dir/src/cli/cmd-unlock.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/cmd-unlock.c.o.d"
  "/work/main/src/cli/commands.c" "CMakeFiles/ebb.dir/src/cli/commands.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/commands.c.o.d"
  "/work/main/src/cli/main.c" "CMakeFiles/ebb.dir/src/cli/main.c.o" "gcc" "CMakeFiles/ebb.dir/src/cli/main.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build/CMakeFiles/ebbcore.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
