#ifndef PRIMER_TERMINAL_SAFETY_H
#define PRIMER_TERMINAL_SAFETY_H

/* Restoring the terminal when primer is killed or crashes: see terminal_safety.c. */

/* Saves the termios of `fd` (before curses changes it). */
void primer_save_terminal_state(int fd);
/* Call after newterm: captures this terminal's strings for leaving curses mode. */
void primer_capture_restore_sequence(void);
/* 1 while the full-screen interface owns the terminal. */
void primer_set_screen_active(int active);
/* Installs handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT and crash signals. */
void primer_install_signal_handlers(void);
/* Only the graceful ending of SIGTERM, SIGHUP and SIGINT (line mode: no screen to restore). */
void primer_install_ending_handlers(void);
/* The SIGTERM, SIGHUP or SIGINT that asked primer to end, or 0. */
int primer_ending_signal(void);
/* After a graceful ending: ends the process by that signal. Returns only if there was none. */
void primer_end_as_signalled(void);

#endif
