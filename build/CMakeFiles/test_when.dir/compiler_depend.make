# Empty compiler generated dependencies file for test_when.
# This may be replaced when dependencies are built.
