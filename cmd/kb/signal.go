package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// interruptContext is cancelled by the first SIGINT or SIGTERM, which asks
// the command to stop cleanly: a build stops between files and leaves the
// last good output, a server shuts down gracefully. The default handling
// then comes back, so a second signal ends the process at once, whatever
// it is doing.
func interruptContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	return ctx, stop
}
