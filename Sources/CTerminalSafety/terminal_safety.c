#define NCURSES_WIDECHAR 1
#include "terminal_safety.h"
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

/* ---- Restoring the terminal from fatal signals -------------------------------------
 * The handler may only use async-signal-safe calls: it restores the termios saved at
 * start-up and writes the terminal's own "leave alternate screen" and "show cursor"
 * strings, captured while curses was healthy, then re-raises the signal with its default
 * action so the exit status tells the truth. */
static struct termios primer_saved_termios;
static int primer_have_termios = 0;
static char primer_restore_sequence[256];
static size_t primer_restore_length = 0;
static volatile sig_atomic_t primer_screen_active = 0;

static void primer_append_restore(const char *s) {
    if (s == NULL || s == (char *)-1) return;
    size_t n = strlen(s);
    if (primer_restore_length + n >= sizeof(primer_restore_sequence)) return;
    memcpy(primer_restore_sequence + primer_restore_length, s, n);
    primer_restore_length += n;
}

void primer_save_terminal_state(int fd) {
    if (tcgetattr(fd, &primer_saved_termios) == 0) primer_have_termios = 1;
}

/* Call after newterm: terminfo is loaded, so the right strings for this terminal are known. */
void primer_capture_restore_sequence(void) {
    primer_restore_length = 0;
    primer_append_restore("\033[0m");
    primer_append_restore(tigetstr("sgr0"));
    primer_append_restore(tigetstr("cnorm"));
    primer_append_restore(tigetstr("rmkx"));
    primer_append_restore(tigetstr("rmcup"));
    primer_append_restore("\r\n");
}

void primer_set_screen_active(int active) { primer_screen_active = active; }

static void primer_emergency_restore(void) {
    if (!primer_screen_active) return;
    primer_screen_active = 0;
    if (primer_restore_length > 0) {
        ssize_t ignored = write(STDOUT_FILENO, primer_restore_sequence, primer_restore_length);
        (void)ignored;
    }
    if (primer_have_termios) tcsetattr(STDIN_FILENO, TCSAFLUSH, &primer_saved_termios);
}

static void primer_fatal_signal_handler(int sig) {
    primer_emergency_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* SIGINT/TERM/HUP/QUIT end the program after restoring; so do crashes (Swift traps
 * arrive as SIGILL or SIGTRAP; SIGSEGV, SIGBUS, SIGABRT, SIGFPE for the rest). */
void primer_install_signal_handlers(void) {
    int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = primer_fatal_signal_handler;
        sigemptyset(&sa.sa_mask);
        sigaction(signals[i], &sa, NULL);
    }
}

