file(REMOVE_RECURSE
  "CMakeFiles/ebbcore.dir/src/core/buf.c.o"
  "CMakeFiles/ebbcore.dir/src/core/buf.c.o.d"
  "CMakeFiles/ebbcore.dir/src/core/crypto.c.o"
  "CMakeFiles/ebbcore.dir/src/core/crypto.c.o.d"
  "CMakeFiles/ebbcore.dir/src/core/error.c.o"
  "CMakeFiles/ebbcore.dir/src/core/error.c.o.d"
  "CMakeFiles/ebbcore.dir/src/core/keycache.c.o"
  "CMakeFiles/ebbcore.dir/src/core/keycache.c.o.d"
  "CMakeFiles/ebbcore.dir/src/core/record.c.o"
  "CMakeFiles/ebbcore.dir/src/core/record.c.o.d"
  "CMakeFiles/ebbcore.dir/src/core/store.c.o"
  "CMakeFiles/ebbcore.dir/src/core/store.c.o.d"
  "CMakeFiles/ebbcore.dir/src/core/vault.c.o"
  "CMakeFiles/ebbcore.dir/src/core/vault.c.o.d"
  "CMakeFiles/ebbcore.dir/src/core/when.c.o"
  "CMakeFiles/ebbcore.dir/src/core/when.c.o.d"
  "libebbcore.a"
  "libebbcore.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/ebbcore.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
