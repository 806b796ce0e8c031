
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/core/buf.c" "CMakeFiles/ebbcore.dir/src/core/buf.c.o" "gcc" "CMakeFiles/ebbcore.dir/src/core/buf.c.o.d"
  "/work/main/src/core/crypto.c" "CMakeFiles/ebbcore.dir/src/core/crypto.c.o" "gcc" "CMakeFiles/ebbcore.dir/src/core/crypto.c.o.d"
  "/work/main/src/core/error.c" "CMakeFiles/ebbcore.dir/src/core/error.c.o" "gcc" "CMakeFiles/ebbcore.dir/src/core/error.c.o.d"
  "/work/main/src/core/keycache.c" "CMakeFiles/ebbcore.dir/src/core/keycache.c.o" "gcc" "CMakeFiles/ebbcore.dir/src/core/keycache.c.o.d"
  "/work/main/src/core/record.c" "CMakeFiles/ebbcore.dir/src/core/record.c.o" "gcc" "CMakeFiles/ebbcore.dir/src/core/record.c.o.d"
  "/work/main/src/core/store.c" "CMakeFiles/ebbcore.dir/src/core/store.c.o" "gcc" "CMakeFiles/ebbcore.dir/src/core/store.c.o.d"
  "/work/main/src/core/vault.c" "CMakeFiles/ebbcore.dir/src/core/vault.c.o" "gcc" "CMakeFiles/ebbcore.dir/src/core/vault.c.o.d"
  "/work/main/src/core/when.c" "CMakeFiles/ebbcore.dir/src/core/when.c.o" "gcc" "CMakeFiles/ebbcore.dir/src/core/when.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
