file(REMOVE_RECURSE
  "libebbcore.a"
)
