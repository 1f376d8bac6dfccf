using System.Text;

namespace ByokAgent.Cli.Repl;

/// <summary>
/// Reads one message from the prompt: a line, lines joined while each ends with <c>\</c>, or a block between two
/// <c>"""</c> lines.
/// </summary>
internal sealed class InputReader(ReplConsole console)
{
    private const string Block = "\"\"\"";

    /// <summary>The next message, or <see langword="null"/> at the end of input (or Ctrl+C twice).</summary>
    public async Task<string?> ReadAsync(string prompt)
    {
        var line = await console.ReadLineAsync(prompt);
        if (line is null)
        {
            return null;
        }

        if (line.Trim() == Block)
        {
            return await ReadBlockAsync();
        }

        var text = new StringBuilder();
        while (line.EndsWith('\\'))
        {
            text.Append(line, 0, line.Length - 1).Append('\n');
            line = await console.ReadLineAsync("… ");
            if (line is null)
            {
                return text.ToString();
            }
        }

        return text.Append(line).ToString();
    }

    private async Task<string> ReadBlockAsync()
    {
        var lines = new List<string>();
        while (await console.ReadLineAsync("… ") is { } line && line.Trim() != Block)
        {
            lines.Add(line);
        }

        return string.Join('\n', lines);
    }
}
