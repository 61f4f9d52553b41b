"""The build server: a `smo-gen build` process that stays after its build, so the next build in the
same folder runs in a process that has imported everything already.

`address` says where a folder's server listens and whether one may be used; `client` hands a
build to it (standard library only, so asking costs almost nothing); `server` is the process
itself. A build with no cache yet (the first one, a CI job's) always runs in its own process.
"""
