#ifndef SYMPOSIUM_REGISTRAR_CX11_SHIM_H
#define SYMPOSIUM_REGISTRAR_CX11_SHIM_H

// The Xlib surface the X11Windows module uses. Xlib's function-like macros
// (DefaultRootWindow, ConnectionNumber, ...) do not import into Swift; use the
// X-prefixed functions instead.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/Xatom.h>
#include <X11/Xmu/WinUtil.h>
// XCB on Xlib's own connection, for reads sent together and answered together.
#include <X11/Xlib-xcb.h>
#include <xcb/xcb.h>
// X-Resource 1.2: which local process owns a window's client (foreign windows).
#include <X11/extensions/XRes.h>
#include <locale.h>

#endif
