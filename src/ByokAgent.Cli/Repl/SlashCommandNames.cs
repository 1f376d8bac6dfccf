namespace ByokAgent.Cli.Repl;

/// <summary>The REPL's slash commands, their help, and the suggestion for a mistyped one.</summary>
internal static class SlashCommandNames
{
    public static IReadOnlyList<(string Usage, string Description)> Help { get; } =
    [
        ("/help", "this list"),
        ("/models", "the project's model configs"),
        ("/models add", "set up a new model config (validated, becomes the default)"),
        ("/models default <id>", "make a config the default (the conversation continues on it)"),
        ("/models validate [id]", "check a config with its provider again"),
        ("/models remove <id>", "remove a config and its stored key"),
        ("/new", "start a new conversation"),
        ("/sessions", "this project's conversations"),
        ("/resume [id]", "continue a stored conversation (default: the last one)"),
        ("/history", "the current conversation so far"),
        ("/files [path]", "the project's files"),
        ("/project [name]", "show or switch the project"),
        ("/usage", "tokens and estimated cost: this conversation, the project today and this month, budgets left"),
        ("/exit", "leave (also /quit, Ctrl+D, or Ctrl+C twice)"),
    ];

    public static IReadOnlyList<string> Names { get; } =
        ["/help", "/models", "/new", "/sessions", "/resume", "/history", "/files", "/project", "/usage", "/exit", "/quit"];

    /// <summary>The known command closest to <paramref name="typed"/> by edit distance, when close enough to be a typo.</summary>
    public static string? Suggest(string typed)
    {
        typed = typed.ToLowerInvariant();
        if (typed.Length > 1 && Names.FirstOrDefault(name => name.StartsWith(typed, StringComparison.Ordinal)) is { } completion)
        {
            return completion;
        }

        var best = Names.Select(name => (name, distance: Distance(typed, name))).MinBy(c => c.distance);
        return best.distance <= Math.Max(2, typed.Length / 3) ? best.name : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions each cost one.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
