// The reference program for startup time and memory: the least a Swift program needs to
// draw one full ncurses screen and wait for a key. Deliberately no Foundation.
import CBenchNcursesw

setlocale(LC_ALL, "")
guard let screen = bench_newterm() else {
    bench_fail("minimal-ncurses: unknown terminal\n")
    fatalError()
}
_ = set_term(screen)
raw()
noecho()
keypad(bench_stdscr(), true)
curs_set(0)

var rows: Int32 = 0, cols: Int32 = 0
bench_getmaxyx(bench_stdscr(), &rows, &cols)
let width = Int(cols)
func line(_ text: String) -> String {
    text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
}
// A full screen of text, as an app screen would fill it: a reversed title bar, body, footer.
attr_on(bench_a_reverse() | bench_a_bold(), nil)
mvaddstr(0, 0, line(" minimal · one screen"))
attr_off(bench_a_reverse() | bench_a_bold(), nil)
for y in 1..<max(1, rows - 1) {
    mvaddstr(y, 1, String(line("Line \(y): the quick brown fox jumps over the lazy dog · ¶\(y % 11 + 1)").prefix(max(0, width - 2))))
}
mvaddstr(rows - 1, 1, "minimal frame ready · q quit")
refresh()
_ = getch()
endwin()
delscreen(screen)
