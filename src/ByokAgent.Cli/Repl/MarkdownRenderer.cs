using System.Text;

namespace ByokAgent.Cli.Repl;

/// <summary>
/// Renders a streamed markdown reply for a terminal as it arrives: headings bold, <c>**bold**</c>, <c>`code`</c> and
/// fenced blocks coloured, bullets as •. Only a line's leading markers are held back (to tell a heading or a fence
/// from text); everything else is written at once, so the reply still streams token by token.
/// </summary>
/// <remarks>
/// Used on a terminal only: piped output gets the model's text unchanged. Hand-written: markdown parsers (Markdig) need
/// the whole document, and Spectre.Console renders its own markup, not markdown; neither can print a reply token by token.
/// </remarks>
internal sealed class MarkdownRenderer(TextWriter output)
{
    private const string Reset = "\u001b[0m";
    private const string BoldOn = "\u001b[1m";
    private const string CodeOn = "\u001b[36m";
    private const string FenceOn = "\u001b[2m";

    private readonly StringBuilder _lineStart = new();
    private bool _atLineStart = true;
    private bool _inFence;
    private bool _fenceLine;
    private bool _heading;
    private bool _bold;
    private bool _code;
    private bool _pendingStar;

    public bool EndsWithNewLine { get; private set; } = true;

    public void Write(string text)
    {
        foreach (var c in text)
        {
            Write(c);
        }

        output.Flush();
    }

    /// <summary>Writes what is held back and resets the styles (end of the reply).</summary>
    public void Complete()
    {
        if (_lineStart.Length > 0)
        {
            DecideLineStart();
        }

        FlushStar();
        output.Write(Reset);
        _bold = _code = _heading = _fenceLine = false;
        output.Flush();
    }

    private void Write(char c)
    {
        EndsWithNewLine = c == '\n';
        if (_atLineStart)
        {
            _lineStart.Append(c);
            if (c != '\n' && IsLeadingMarker(c) && _lineStart.Length < 8)
            {
                return;
            }

            DecideLineStart();
            return;
        }

        WriteInline(c);
    }

    private static bool IsLeadingMarker(char c) => c is '#' or '`' or ' ' or '-' or '*' or '>';

    private void DecideLineStart()
    {
        _atLineStart = false;
        var start = _lineStart.ToString();
        _lineStart.Clear();
        var trimmed = start.TrimStart(' ');
        if (trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            _inFence = !_inFence;
            _fenceLine = true;
            output.Write(FenceOn);
            WriteRest(start);
            return;
        }

        if (_inFence)
        {
            output.Write(CodeOn);
            WriteRest(start);
            return;
        }

        var hashes = trimmed.TakeWhile(h => h == '#').Count();
        if (hashes is > 0 and <= 6 && trimmed.Length > hashes && trimmed[hashes] == ' ')
        {
            _heading = true;
            output.Write(BoldOn + "\u001b[4m");
            WriteRest(trimmed[(hashes + 1)..]);
            return;
        }

        if (trimmed.Length >= 2 && trimmed[0] is '-' or '*' && trimmed[1] == ' ')
        {
            output.Write(start[..(start.Length - trimmed.Length)] + "• ");
            WriteRest(trimmed[2..]);
            return;
        }

        WriteRest(start);
    }

    private void WriteRest(string text)
    {
        foreach (var c in text)
        {
            WriteInline(c);
        }
    }

    private void WriteInline(char c)
    {
        if (c == '\n')
        {
            FlushStar();
            output.Write(Reset);
            output.Write('\n');
            _bold = _code = _heading = _fenceLine = false;
            _atLineStart = true;
            return;
        }

        if (_inFence || _fenceLine)
        {
            output.Write(c);
            return;
        }

        if (c == '`')
        {
            FlushStar();
            _code = !_code;
            Restyle();
            return;
        }

        if (c == '*' && !_code)
        {
            if (_pendingStar)
            {
                _pendingStar = false;
                _bold = !_bold;
                Restyle();
            }
            else
            {
                _pendingStar = true;
            }

            return;
        }

        FlushStar();
        output.Write(c);
    }

    private void FlushStar()
    {
        if (_pendingStar)
        {
            _pendingStar = false;
            output.Write('*');
        }
    }

    private void Restyle()
    {
        output.Write(Reset);
        if (_heading || _bold)
        {
            output.Write(BoldOn);
        }

        if (_code)
        {
            output.Write(CodeOn);
        }
    }
}
