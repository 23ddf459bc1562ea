/// A small palette: enough to distinguish right from wrong and to highlight, and every
/// meaning is also carried by text or attributes, so nothing depends on colour alone.
public enum Color: UInt8, Sendable, Equatable, CaseIterable {
    case normal = 0, red, green, yellow, blue, magenta, cyan
}

/// Held in one byte (the attributes as bits, the colour in the rest), so a screen cell stays
/// small: a frame fills and copies twelve thousand of them.
public struct Style: Sendable, Equatable, Hashable {
    private var bits: UInt8 = 0

    private static let boldBit: UInt8 = 1, reverseBit: UInt8 = 2, dimBit: UInt8 = 4, underlineBit: UInt8 = 8
    private static let colorShift: UInt8 = 4

    public init(bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false, color: Color = .normal) {
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
        self.color = color
    }

    public var bold: Bool { get { flag(Self.boldBit) } set { set(Self.boldBit, newValue) } }
    public var reverse: Bool { get { flag(Self.reverseBit) } set { set(Self.reverseBit, newValue) } }
    public var dim: Bool { get { flag(Self.dimBit) } set { set(Self.dimBit, newValue) } }
    public var underline: Bool { get { flag(Self.underlineBit) } set { set(Self.underlineBit, newValue) } }
    public var color: Color {
        get { Color(rawValue: bits >> Self.colorShift) ?? .normal }
        set { bits = (bits & 0x0F) | (newValue.rawValue << Self.colorShift) }
    }

    private func flag(_ bit: UInt8) -> Bool { bits & bit != 0 }
    private mutating func set(_ bit: UInt8, _ on: Bool) { bits = on ? bits | bit : bits & ~bit }

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
