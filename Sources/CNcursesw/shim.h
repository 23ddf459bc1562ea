#ifndef PRIMER_CNCURSESW_SHIM_H
#define PRIMER_CNCURSESW_SHIM_H

/* SwiftPM drops pkg-config's -D flags, so ask for the wide-character API here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <stdlib.h>
#include <stdio.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

/* Globals and macros Swift cannot import under Swift 6 concurrency checking. */
static inline WINDOW *primer_stdscr(void) { return stdscr; }
static inline int primer_lines(void) { return LINES; }
static inline int primer_cols(void) { return COLS; }
static inline void primer_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static inline attr_t primer_a_normal(void) { return A_NORMAL; }
static inline attr_t primer_a_bold(void) { return A_BOLD; }
static inline attr_t primer_a_reverse(void) { return A_REVERSE; }
static inline attr_t primer_a_dim(void) { return A_DIM; }
static inline attr_t primer_a_underline(void) { return A_UNDERLINE; }
static inline int primer_key_resize(void) { return KEY_RESIZE; }
static inline int primer_key_code_yes(void) { return KEY_CODE_YES; }

/* newterm on the process's stdout/stdin (Swift 6 can't touch those C globals). */
static inline SCREEN *primer_newterm(void) { return newterm(NULL, stdout, stdin); }

/* Draws one cell: a grapheme cluster (base plus combining marks) with attributes and a colour pair. */
static inline int primer_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, text, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}

/* The codeset of the current LC_CTYPE, e.g. "UTF-8" or "ANSI_X3.4-1968". */
static inline const char *primer_codeset(void) { return nl_langinfo(CODESET); }

#endif
