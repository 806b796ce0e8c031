CMakeFiles/crash-writer.dir/tests/crash/crash-writer.c.o: \
 /work/main/tests/crash/crash-writer.c /usr/include/stdc-predef.h
