file(REMOVE_RECURSE
  "CMakeFiles/test_when.dir/tests/unit/test_when.c.o"
  "CMakeFiles/test_when.dir/tests/unit/test_when.c.o.d"
  "test_when"
  "test_when.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_when.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
