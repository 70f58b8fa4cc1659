package main

// The time-zone database, embedded (about 450 KB): a channel's zone such as
// Europe/Rome must load in a container without /usr/share/zoneinfo
// (distroless static, scratch). The system's database, when there is one,
// is still read first.
import _ "time/tzdata"
