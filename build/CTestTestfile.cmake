# CMake generated Testfile for 
# Source directory: /work/main
# Build directory: /work/main/build
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[unit/test_when]=] "/work/main/build/test_when")
set_tests_properties([=[unit/test_when]=] PROPERTIES  ENVIRONMENT "TZ=UTC" LABELS "unit" _BACKTRACE_TRIPLES "/work/main/CMakeLists.txt;77;add_test;/work/main/CMakeLists.txt;0;")
subdirs("tests/crash")
