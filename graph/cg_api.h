/* CG_API marks a function of casegraph's public API.
 *
 * The library is compiled with -fvisibility=hidden, so only the functions
 * declared with CG_API in an installed header are exported from
 * libcasegraph.so; every other function, internal to a layer or shared
 * between layers, stays out of the shared library's symbol table (the test
 * "exports" checks with nm that every exported symbol starts with cg_). */
#ifndef CG_API_H
#define CG_API_H

#if defined(__GNUC__) || defined(__clang__)
#define CG_API __attribute__((visibility("default")))
#else
#define CG_API
#endif

#endif
