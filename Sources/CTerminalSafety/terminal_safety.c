#define NCURSES_WIDECHAR 1
#include "terminal_safety.h"
#include <pthread.h>
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

/* ---- Ending gracefully on SIGTERM, SIGHUP and SIGINT ---------------------------------
 * A closed terminal window (SIGHUP) or a `kill` (SIGTERM) is how many people leave a
 * terminal program. Dying at once would leave an exam with no end and the store without
 * its clean close (the next start then checks the whole file). So the first such signal
 * only records itself: the run loop sees it (its blocking read is interrupted, or fails on
 * a closed terminal), leaves as a closed terminal does, closes the store, and then ends
 * by the same signal (`primer_end_as_signalled`), so the exit status still tells the truth.
 * A second signal, or a loop that has not finished within the grace period, takes the
 * immediate path above. */
#define PRIMER_GRACE_SECONDS 5
static volatile sig_atomic_t primer_ending = 0;
/* 1 once a loop that notices the ending signal is installed (the TUI's or line mode's). */
static volatile sig_atomic_t primer_graceful = 0;
static pthread_t primer_main_thread;

static void primer_grace_expired(int sig) {
    (void)sig;
    primer_fatal_signal_handler(primer_ending ? primer_ending : SIGTERM);
}

/* Only interrupts the main thread's blocking read when the signal landed on another thread. */
static void primer_wake_handler(int sig) { (void)sig; }

static void primer_ending_signal_handler(int sig) {
    if (primer_ending != 0 || !primer_graceful) {
        primer_fatal_signal_handler(sig);
        return;
    }
    primer_ending = sig;
    alarm(PRIMER_GRACE_SECONDS);
    if (!pthread_equal(pthread_self(), primer_main_thread)) pthread_kill(primer_main_thread, SIGURG);
}

int primer_ending_signal(void) { return primer_ending; }

void primer_end_as_signalled(void) {
    int sig = primer_ending;
    if (sig == 0) return;
    alarm(0);
    primer_emergency_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void primer_handle(int sig, void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;   /* no SA_RESTART: a blocking read returns, with EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* SIGTERM, SIGHUP and SIGINT end the program gracefully (above). Call from the main
 * thread, whose reads the signals must interrupt. */
void primer_install_ending_handlers(void) {
    primer_main_thread = pthread_self();
    int ending[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++) primer_handle(ending[i], primer_ending_signal_handler);
    primer_handle(SIGALRM, primer_grace_expired);
    primer_handle(SIGURG, primer_wake_handler);
    primer_graceful = 1;
}

/* The full-screen interface: the graceful ending above, and SIGQUIT and crashes (Swift
 * traps arrive as SIGILL or SIGTRAP; SIGSEGV, SIGBUS, SIGABRT, SIGFPE for the rest) at
 * once, after restoring the terminal. Call from the main thread. */
void primer_install_signal_handlers(void) {
    primer_install_ending_handlers();
    int fatal[] = { SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) primer_handle(fatal[i], primer_fatal_signal_handler);
}
