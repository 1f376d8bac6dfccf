namespace ByokAgent.Cli.Repl;

/// <summary>
/// The lines typed at the REPL prompt, kept across restarts in <c>&lt;data dir&gt;/repl/history</c> (newest last).
/// </summary>
/// <remarks>Only prompt lines are recorded: answers to the setup (keys) never reach it, and a line that looks like a key is skipped.</remarks>
internal sealed class InputHistory
{
    private const int MaxEntries = 1000;
    private readonly string _path;
    private readonly List<string> _entries;

    public InputHistory(string replDirectory)
    {
        _path = Path.Combine(replDirectory, "history");
        _entries = File.Exists(_path)
            ? [.. File.ReadAllLines(_path).Where(l => l.Length > 0).Select(Unescape).TakeLast(MaxEntries)]
            : [];
    }

    public IReadOnlyList<string> Entries => _entries;

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || LooksLikeSecret(line) || (_entries.Count > 0 && _entries[^1] == line))
        {
            return;
        }

        _entries.Add(line);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            File.AppendAllLines(_path, [Escape(line)]);
        }
        catch (IOException)
        {
            // History is a convenience: a read-only data directory must not break the conversation.
        }
    }

    /// <summary>A token-like word: a known key prefix, or a long run of letters, digits and dashes with no spaces.</summary>
    internal static bool LooksLikeSecret(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(word =>
            word.StartsWith("sk-", StringComparison.Ordinal) || word.StartsWith("AKIA", StringComparison.Ordinal)
            || word.StartsWith("AIza", StringComparison.Ordinal) || word.StartsWith("xai-", StringComparison.Ordinal)
            || (word.Length >= 32 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && word.Any(char.IsAsciiDigit) && word.Any(char.IsAsciiLetter)));

    // One entry per file line: a multi-line entry's newlines are stored as \n, its backslashes as \\.
    private static string Escape(string line) => line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Unescape(string line)
    {
        var text = new System.Text.StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                text.Append(line[++i] == 'n' ? '\n' : line[i]);
            }
            else
            {
                text.Append(line[i]);
            }
        }

        return text.ToString();
    }
}
