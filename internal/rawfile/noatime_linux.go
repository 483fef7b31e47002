package rawfile

import "syscall"

const noAtime = syscall.O_NOATIME
