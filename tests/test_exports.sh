#!/bin/sh
# libcasegraph.so exports casegraph's API and nothing else (graph/cg_api.h):
# every symbol its dynamic symbol table defines starts with cg_, but for the
# few the linker itself may add and, in a build with AddressSanitizer, the
# ODR indicator it makes for each exported variable (__odr_asan.cg_...).
# cg_graph_new must be among them, so that an empty table (a library built
# without its code, an nm that read nothing) cannot pass.
#
# Usage: test_exports.sh LIBCASEGRAPH.so
set -u

lib=${1:?usage: test_exports.sh LIBCASEGRAPH.so}
if ! syms=$(nm -D --defined-only "$lib"); then
    echo "test_exports: nm -D --defined-only $lib failed" >&2
    exit 1
fi
# "address type name": the name is the last field
names=$(printf '%s\n' "$syms" | awk 'NF { print $NF }' | sort)

bad=$(printf '%s\n' "$names" | grep -v -e '^cg_' -e '^__odr_asan\.cg_' -e '^$' |
    grep -v -x -e _init -e _fini -e _edata -e _end -e __bss_start)
if [ -n "$bad" ]; then
    echo "test_exports: $lib exports symbols without the cg_ prefix" >&2
    echo "(only the cg_ functions and tables of the public headers, marked CG_API, may be):" >&2
    printf '%s\n' "$bad" >&2
    exit 1
fi
if ! printf '%s\n' "$names" | grep -q -x cg_graph_new; then
    echo "test_exports: $lib does not export cg_graph_new" >&2
    exit 1
fi
echo "ok: $(printf '%s\n' "$names" | grep -c '^cg_') symbols exported, all cg_"
