/// Reads a settings file: the part of TOML the roles' files use, and
/// nothing else. Each line is blank, a `# comment`, or `key = value`, where
/// the key is bare (letters, digits, `_`, `-`) and the value is a string
/// ("basic", with TOML's escapes, or 'literal'), an integer, a float, a
/// boolean, or an array of these (which may span lines). Anything else,
/// tables included, is an error naming the line: a settings file never
/// reaches a general parser, so no input can do more than be refused.
enum SettingsFile {
    /// Key to value as text; a list's items are joined with commas.
    static func parse(_ text: String) throws(SettingsFileError) -> [(key: String, value: String)] {
        var reader = Reader(Array(text.unicodeScalars))
        var entries: [(key: String, value: String)] = []
        var seen: Set<String> = []
        while true {
            reader.skipBlankLinesAndComments()
            guard !reader.atEnd else { return entries }
            let line = reader.line
            let key = reader.bareKey()
            guard !key.isEmpty else { throw SettingsFileError(line: line, reason: "expected key = value") }
            reader.skipSpaces()
            guard reader.take("=") else { throw SettingsFileError(line: line, reason: "expected = after \(key)") }
            reader.skipSpaces()
            let value = try reader.value(line: line, depth: 0)
            reader.skipSpaces()
            reader.skipComment()
            guard reader.atEnd || reader.takeNewline() else {
                throw SettingsFileError(line: line, reason: "unexpected text after the value of \(key)")
            }
            guard seen.insert(key).inserted else { throw SettingsFileError(line: line, reason: "\(key) is set twice") }
            entries.append((key, value))
        }
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        var next: Unicode.Scalar? { atEnd ? nil : scalars[index] }

        mutating func take(_ c: Unicode.Scalar) -> Bool {
            guard next == c else { return false }
            index += 1
            return true
        }

        mutating func skipSpaces() { while next == " " || next == "\t" { index += 1 } }

        mutating func skipComment() {
            guard next == "#" else { return }
            while let c = next, c != "\n" { index += 1 }
        }

        mutating func takeNewline() -> Bool {
            _ = take("\r")
            guard take("\n") else { return false }
            line += 1
            return true
        }

        mutating func skipBlankLinesAndComments() {
            while true {
                skipSpaces()
                skipComment()
                guard takeNewline() else { return }
            }
        }

        mutating func bareKey() -> String {
            var key = ""
            while let c = next, ("0"..."9").contains(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
                || c == "_" || c == "-" {
                key.unicodeScalars.append(c)
                index += 1
            }
            return key
        }

        /// A value; arrays nest at most one level (a list of scalars).
        mutating func value(line: Int, depth: Int) throws(SettingsFileError) -> String {
            switch next {
            case "\"": return try basicString(line)
            case "'": return try literalString(line)
            case "[" where depth == 0: return try array(line)
            case nil: throw SettingsFileError(line: line, reason: "a value is missing")
            default: return try scalar(line)
            }
        }

        private mutating func array(_ line: Int) throws(SettingsFileError) -> String {
            index += 1
            var items: [String] = []
            while true {
                skipBlankLinesAndComments()
                if take("]") { return items.joined(separator: ",") }
                let item = try value(line: self.line, depth: 1)
                guard !item.contains(",") else { throw SettingsFileError(line: self.line, reason: "a list item holds a comma") }
                items.append(item)
                skipBlankLinesAndComments()
                if take("]") { return items.joined(separator: ",") }
                guard take(",") else { throw SettingsFileError(line: self.line, reason: "expected , or ] in a list") }
            }
        }

        private mutating func literalString(_ line: Int) throws(SettingsFileError) -> String {
            index += 1
            var text = ""
            while let c = next, c != "'" {
                guard c != "\n" else { break }
                text.unicodeScalars.append(c)
                index += 1
            }
            guard take("'") else { throw SettingsFileError(line: line, reason: "a string is not closed") }
            return text
        }

        private mutating func basicString(_ line: Int) throws(SettingsFileError) -> String {
            index += 1
            var text = ""
            while let c = next, c != "\"" {
                guard c != "\n" else { break }
                index += 1
                guard c == "\\" else {
                    text.unicodeScalars.append(c)
                    continue
                }
                guard let escaped = next else { break }
                index += 1
                switch escaped {
                case "\"": text += "\""
                case "\\": text += "\\"
                case "n": text += "\n"
                case "t": text += "\t"
                case "r": text += "\r"
                case "u", "U":
                    let count = escaped == "u" ? 4 : 8
                    guard index + count <= scalars.count,
                          let code = UInt32(String(String.UnicodeScalarView(scalars[index..<index + count])), radix: 16),
                          let scalar = Unicode.Scalar(code) else {
                        throw SettingsFileError(line: line, reason: "a bad \\\(escaped) escape")
                    }
                    index += count
                    text.unicodeScalars.append(scalar)
                default: throw SettingsFileError(line: line, reason: "an unknown escape \\\(escaped)")
                }
            }
            guard take("\"") else { throw SettingsFileError(line: line, reason: "a string is not closed") }
            return text
        }

        /// An integer, float or boolean, as written (underscores dropped from numbers).
        private mutating func scalar(_ line: Int) throws(SettingsFileError) -> String {
            var word = ""
            while let c = next, c != " ", c != "\t", c != ",", c != "]", c != "#", c != "\n", c != "\r" {
                word.unicodeScalars.append(c)
                index += 1
            }
            if word == "true" || word == "false" { return word }
            let number = word.replacingOccurrences(of: "_", with: "")
            if Int(number) != nil || (Double(number).map { $0.isFinite } ?? false) && !number.contains(where: \.isLetter)
                || number.hasPrefix("0x") && Int(number.dropFirst(2), radix: 16) != nil {
                return number
            }
            throw SettingsFileError(line: line, reason: word.isEmpty ? "a value is missing" : "\(word.prefix(40)) is not a value a setting takes")
        }
    }
}

/// Why a settings file could not be read: one line.
struct SettingsFileError: Error {
    let line: Int
    let reason: String
}
