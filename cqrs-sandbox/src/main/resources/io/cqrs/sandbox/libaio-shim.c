/*
 * A minimal libaio.so.1 for the sandbox: MySQL 8.0 binaries link against libaio, which a
 * fresh Debian/Ubuntu lacks. libaio itself is a thin layer over the io_* system calls, so
 * this file implements exactly the entry points mysqld binds, as direct syscalls. Built with
 * the system C compiler only when no libaio.so.1 is installed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <time.h>
typedef struct io_context *io_context_t;
struct iocb; struct io_event;
int io_setup(int nr, io_context_t *ctx) { long r = syscall(SYS_io_setup, nr, ctx); return r < 0 ? -errno : (int) r; }
int io_destroy(io_context_t ctx) { long r = syscall(SYS_io_destroy, ctx); return r < 0 ? -errno : (int) r; }
int io_submit(io_context_t ctx, long nr, struct iocb **ios) { long r = syscall(SYS_io_submit, ctx, nr, ios); return r < 0 ? -errno : (int) r; }
int io_cancel(io_context_t ctx, struct iocb *iocb, struct io_event *evt) { long r = syscall(SYS_io_cancel, ctx, iocb, evt); return r < 0 ? -errno : (int) r; }
int io_getevents(io_context_t ctx, long min_nr, long nr, struct io_event *events, struct timespec *timeout) { long r = syscall(SYS_io_getevents, ctx, min_nr, nr, events, timeout); return r < 0 ? -errno : (int) r; }
