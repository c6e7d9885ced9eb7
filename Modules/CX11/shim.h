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
// X-Resource 1.2 through XCB: which local process owns a window's client (foreign windows).
// Not libXRes: its XResQueryClientIds writes past the buffer it allocates for each id on
// 64-bit (_XRead32 widens into longs), corrupting the heap.
#include <xcb/res.h>

// The extension's presence; `xcb_res_id` is an opaque struct Swift cannot take the address of.
static inline int symposium_res_present(xcb_connection_t *connection) {
    const xcb_query_extension_reply_t *reply = xcb_get_extension_data(connection, &xcb_res_id);
    return reply != 0 && reply->present;
}
#include <locale.h>

#endif
