// The only C surface Raccoon uses from libselinux. Imported by SELinuxPolicy alone.
#ifndef RACCOON_CSELINUX_SHIM_H
#define RACCOON_CSELINUX_SHIM_H

#include <selinux/selinux.h>
#include <selinux/avc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/// Defined in Swift (SELinuxPolicy, `SELinuxLogSink.swift`): receives one formatted libselinux
/// log message. `type` is SELINUX_ERROR, SELINUX_WARNING, SELINUX_INFO, SELINUX_AVC, ...
extern void raccoon_selinux_log_sink(int type, const char *message);

/// libselinux's log callback is printf-style variadic, which Swift cannot implement: this C
/// function formats the message and hands the finished line to the Swift sink.
static inline int __attribute__((format(printf, 2, 3)))
CSELinux_log_trampoline(int type, const char *fmt, ...) {
    char line[2048];
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(again);
        return 0;
    }
    if ((size_t)n < sizeof line) {
        raccoon_selinux_log_sink(type, line);
    } else {
        // AVC messages carry two contexts of up to a page each: format again at full length.
        char *long_line = malloc((size_t)n + 1);
        if (long_line != NULL) {
            vsnprintf(long_line, (size_t)n + 1, fmt, again);
            raccoon_selinux_log_sink(type, long_line);
            free(long_line);
        } else {
            raccoon_selinux_log_sink(type, line);
        }
    }
    va_end(again);
    return 0;
}

/// Routes libselinux's log messages (default: stderr) to raccoon_selinux_log_sink.
static inline void CSELinux_install_log_callback(void) {
    union selinux_callback callback;
    callback.func_log = CSELinux_log_trampoline;
    selinux_set_callback(SELINUX_CB_LOG, callback);
}

#endif
