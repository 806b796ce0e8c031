file(REMOVE_RECURSE
  "CMakeFiles/crash-writer.dir/tests/crash/crash-writer.c.o"
  "CMakeFiles/crash-writer.dir/tests/crash/crash-writer.c.o.d"
  "crash-writer"
  "crash-writer.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/crash-writer.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
