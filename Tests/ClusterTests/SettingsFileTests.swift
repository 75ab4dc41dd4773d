import ClusterNode
import Foundation
import Testing

/// Settings files: the TOML the roles' files use is read, anything else is
/// one error naming the line, and no input can crash the reader.
struct SettingsFileTests {
    func read(_ text: String, keys: Set<String> = ["a", "b", "c", "d", "e", "f"]) throws -> Settings {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString).toml").path
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Settings(file: path, knownKeys: keys, flags: [:], environment: [:])
    }

    @Test func readsTheFormsTheExamplesUse() throws {
        let s = try read("""
            # a comment
            a = "pkt1q…\\u00e9 \\"quoted\\""   # trailing comment
            b = 'C:\\path'
            c = 8_000
            d = 0.125
            e = true
            f = [
              "one",  # first
              'two',
            ]
            """)
        #expect(s.string("a") == "pkt1q…é \"quoted\"")
        #expect(s.string("b") == "C:\\path")
        #expect(try s.int("c", default: 0) == 8000)
        #expect(try s.double("d", default: 0) == 0.125)
        #expect(try s.bool("e", default: false))
        #expect(s.list("f") == ["one", "two"])
    }

    @Test(arguments: [
        "[", "[table]\na = 1", "a = 1979-05-27T07:32:00Z", "namé = \"x\"", "a = \"open", "a = [1, 2", "a = 1 2",
        "a = 1\na = 2", "= 1", "a", "a = inf", "a = [[1]]", "a = \"bad \\q escape\"", "a = \"\\uZZZZ\"",
    ])
    func refusesAnythingElseWithOneLine(text: String) {
        #expect(throws: SettingsError.self) { try read(text) }
        do {
            _ = try read(text)
        } catch {
            #expect(!"\(error)".contains("\n") && "\(error)".contains("line "), "\(error)")
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab=[]\"'#,\n \\u0123456789.-_xtrue".unicodeScalars)
        for _ in 0..<2000 {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }))
            _ = try? read(text)
        }
    }
}
