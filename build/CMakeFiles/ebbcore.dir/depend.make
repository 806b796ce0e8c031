# Empty dependencies file for ebbcore.
# This may be replaced when dependencies are built.
