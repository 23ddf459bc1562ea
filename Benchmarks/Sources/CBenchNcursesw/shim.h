#ifndef PRIMER_BENCH_NCURSESW_SHIM_H
#define PRIMER_BENCH_NCURSESW_SHIM_H

/* As in the main package's CNcursesw: SwiftPM drops pkg-config's -D flags. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <stdlib.h>

static inline void bench_fail(const char *message) { fputs(message, stderr); exit(1); }
static inline WINDOW *bench_stdscr(void) { return stdscr; }
static inline SCREEN *bench_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline attr_t bench_a_bold(void) { return A_BOLD; }
static inline attr_t bench_a_reverse(void) { return A_REVERSE; }
static inline void bench_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }

#endif
