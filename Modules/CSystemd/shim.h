#ifndef SYMPOSIUM_REGISTRAR_CSYSTEMD_SHIM_H
#define SYMPOSIUM_REGISTRAR_CSYSTEMD_SHIM_H

// sd-bus from libsystemd: the session bus for desktop notifications. Its variadic calls
// (sd_bus_call_method) do not import into Swift; messages are built with the
// sd_bus_message_append_basic / open_container family instead.
#include <systemd/sd-bus.h>
// sd_notify: readiness, status, stopping and the watchdog for the user unit (Type=notify).
#include <systemd/sd-daemon.h>

#endif
