# Empty dependencies file for ebb.
# This may be replaced when dependencies are built.
