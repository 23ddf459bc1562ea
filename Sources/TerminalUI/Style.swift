/// A small palette: enough to distinguish right from wrong and to highlight, and every
/// meaning is also carried by text or attributes, so nothing depends on colour alone.
public enum Color: UInt8, Sendable, Equatable, CaseIterable {
    case normal = 0, red, green, yellow, blue, magenta, cyan
}

public struct Style: Sendable, Equatable, Hashable {
    public var bold = false
    public var reverse = false
    public var dim = false
    public var underline = false
    public var color: Color = .normal

    public init(bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false, color: Color = .normal) {
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
        self.color = color
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)
    public static let underline = Style(underline: true)
    public static func color(_ c: Color, bold: Bool = false) -> Style { Style(bold: bold, color: c) }

    public func with(color: Color) -> Style { var s = self; s.color = color; return s }
    public func adding(_ other: Style) -> Style {
        Style(bold: bold || other.bold, reverse: reverse || other.reverse, dim: dim || other.dim,
              underline: underline || other.underline, color: other.color == .normal ? color : other.color)
    }
}

/// A span of text with one style: the unit of wrapped, styled text.
public struct StyledText: Sendable, Equatable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}
