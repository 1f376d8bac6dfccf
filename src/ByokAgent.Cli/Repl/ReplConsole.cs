namespace ByokAgent.Cli.Repl;

/// <summary>
/// Where the REPL reads and writes. On a terminal: a prompt, colours, a "thinking" line and rendered markdown. With
/// stdin or stdout redirected: none of that, only lines, so a script can drive it.
/// </summary>
/// <remarks>Replies and command output go to stdout; status, tool lines and errors to stderr, as <c>byok ask</c> does.</remarks>
internal sealed class ReplConsole
{
    private readonly bool _colors;
    private readonly LineEditor? _editor;
    private Task<string?>? _pendingRead;

    private ReplConsole(bool interactive, bool colors, bool editor)
    {
        Interactive = interactive;
        _colors = colors;
        _editor = editor ? new LineEditor(this) : null;
    }

    /// <summary>Both ends are a terminal: prompts and decoration are on.</summary>
    public bool Interactive { get; }

    public TextWriter Out { get; } = Console.Out;

    public TextWriter Error { get; } = Console.Error;

    public static ReplConsole Create()
    {
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var dumb = Environment.GetEnvironmentVariable("TERM") == "dumb";
        var colors = interactive && !dumb && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

        // The editor moves the cursor and asks the terminal where it is: a dumb terminal gets plain line reads.
        return new ReplConsole(interactive, colors, editor: interactive && !dumb);
    }

    public string Dim(string text) => Style("2", text);

    public string Bold(string text) => Style("1", text);

    public string Red(string text) => Style("31", text);

    public string Accent(string text) => Style("36", text);

    /// <summary>ANSI styling when colours are on, the text as is otherwise.</summary>
    public string Style(string code, string text) => _colors ? $"\u001b[{code}m{text}\u001b[0m" : text;

    /// <summary>A line about what the REPL is doing (session, cancellation, hints): stderr, dimmed on a terminal.</summary>
    public void Status(string line) => Error.WriteLine(Dim(line));

    /// <summary>A line of command output: stdout.</summary>
    public void Line(string line = "") => Out.WriteLine(line);

    /// <summary>A question of the setup; on stderr, so stdout carries only answers and command output.</summary>
    public void Ask(string question)
    {
        Error.Write(Interactive ? Bold(question) : question);
        if (!Interactive)
        {
            Error.WriteLine();
        }
    }

    /// <summary>Fires when the user asked to leave (Ctrl+C twice): every pending read then returns <see langword="null"/>.</summary>
    public CancellationToken Exit { get; set; }

    /// <summary>Reads one line at the prompt; <see langword="null"/> at the end of input or when <see cref="Exit"/> fires.</summary>
    public Task<string?> ReadLineAsync(string prompt) =>
        _editor is not null ? Task.FromResult(_editor.ReadLine(Style("1;36", prompt), History?.Entries ?? [])) : ReadPromptedAsync(prompt);

    private Task<string?> ReadPromptedAsync(string prompt)
    {
        if (Interactive)
        {
            Out.Write(prompt);
        }

        return ReadRawAsync();
    }

    /// <summary>The lines Up and Down recall at the prompt.</summary>
    public InputHistory? History { get; set; }

    private async Task<string?> ReadRawAsync()
    {
        // Console reads cannot be cancelled: the read is raced with the exit signal and kept for the next call if it lost.
        var read = _pendingRead ??= Task.Run(Console.In.ReadLine, CancellationToken.None);
        try
        {
            var line = await read.WaitAsync(Exit);
            _pendingRead = null;
            return line;
        }
        catch (OperationCanceledException) when (Exit.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Reads a secret without echoing it on a terminal; from a pipe it is just the next line.</summary>
    public async Task<string?> ReadSecretAsync(string question)
    {
        Ask(question);
        if (Console.IsInputRedirected)
        {
            return await ReadRawAsync();
        }

        // Ctrl+C arrives as a key here (and abandons the setup) instead of as a signal the loop cannot see.
        Console.TreatControlCAsInput = true;
        try
        {
            return ReadKeys();
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }
    }

    private string? ReadKeys()
    {
        var secret = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control))
            {
                Error.WriteLine();
                return null;
            }

            if (key.Key == ConsoleKey.Enter)
            {
                Error.WriteLine();
                return secret.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
    }

    /// <summary>Reads a plain answer to a setup question (never recorded in the input history).</summary>
    public Task<string?> ReadAnswerAsync(string question)
    {
        if (_editor is not null)
        {
            // The question is the editor's prompt; the answer is never offered as history.
            return Task.FromResult(_editor.ReadLine(Bold(question), []));
        }

        Ask(question);
        return ReadRawAsync();
    }
}
