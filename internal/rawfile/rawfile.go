// Package rawfile reads and creates whole files in the fewest system calls.
// os.Open and os.OpenFile offer every file to the runtime's network poller,
// which refuses a regular file: five system calls more per file (fcntl
// twice each way and epoll_ctl), which a build reading and writing tens of
// thousands of files pays for nothing.
package rawfile
