# Empty compiler generated dependencies file for crash-writer.
# This may be replaced when dependencies are built.
