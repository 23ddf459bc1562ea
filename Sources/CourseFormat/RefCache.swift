/// The claims and sources of the question before, kept with the bytes they were read from.
/// Questions in a lesson often cite the same ones, and the same bytes, read once without an
/// error, give the same refs and no error again: no hashing, and one shared array.
struct RefCache {
    private var claimsText: ArraySlice<UInt8>? = nil
    private var claims: [String] = []
    private var sourcesText: ArraySlice<UInt8>? = nil
    private var sources: [Int] = []

    mutating func claims(_ value: QuestionDraft.Meta, source: SourceText, context: CourseContext,
                         sink: inout DiagnosticSink) -> [String] {
        let text = source.bytes[value.span]
        if let claimsText, claimsText == text { return claims }
        let before = sink.errorCount
        let refs = LessonFileParser.claimRefs(in: value.span, source: source, line: value.line, context: context, sink: &sink)
        if sink.errorCount == before { (claimsText, claims) = (text, refs) }
        return refs
    }

    mutating func sources(_ value: QuestionDraft.Meta, source: SourceText, context: CourseContext,
                          sink: inout DiagnosticSink) -> [Int] {
        let text = source.bytes[value.span]
        if let sourcesText, sourcesText == text { return sources }
        let before = sink.errorCount
        let refs = References.paragraphs(in: value.span, source: source, line: value.line,
                                         paragraphCount: context.paragraphCount, sink: &sink)
        if sink.errorCount == before { (sourcesText, sources) = (text, refs) }
        return refs
    }
}
