using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Cli.Tests;

/// <summary>
/// Every <c>byok</c> command, found by walking the command tree through its own help (so a new command cannot be
/// forgotten), with bad arguments: unknown options, missing values, surplus arguments, huge and hostile unicode values,
/// and what argv cannot carry (NUL, through standard input). Each exits 2 with one <c>error:</c> line or the parser's
/// own usage error, never a stack trace, and the data directory is byte for byte as before.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly string[] StackTraceMarks = ["   at ", "Exception:", ".cs:line", "Unhandled exception", "Unexpected failure"];

    /// <remarks><c>ValidName</c>: the project-name rules accept it (no control characters, at most 100 characters), so it is not bad input to <c>projects create</c>.</remarks>
    private static readonly (string Name, string Value, bool ValidName)[] HostileValues =
    [
        ("RTL override", "\u202egnp.exe", true),
        ("zero-width and BOM", "\ufeff\u200b\u200d", true),
        ("combining marks", string.Concat(Enumerable.Repeat("a\u0301\u0302\u0303", 2_000)), false),
        ("control characters", "x\u0001\u001b[31my", false),
        ("huge", new string('x', 100_000), false),
    ];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-cli-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task EveryCommand_RefusesBadArguments_WithExitCodeTwo_OneLine_AndNothingChanged()
    {
        await SetUpAsync();
        var commands = await CommandTreeAsync();
        commands.Select(c => c.Path).Should().Contain(["ask", "models add", "projects create", "serve", "rotate-master-key"], "the walk found the whole tree");
        var before = Snapshot();
        var failures = new List<string>();

        foreach (var command in commands)
        {
            foreach (var (name, arguments, stdin) in CasesFor(command))
            {
                var result = await ByokProcess.RunAsync(arguments, dataDirectory: _dataDirectory, standardInput: stdin);
                if (Judge(result) is { } problem)
                {
                    failures.Add($"byok {command.Path} [{name}]: {problem}");
                }
            }
        }

        failures.Should().BeEmpty();
        Snapshot().Split('\n').Should().Equal(before.Split('\n'), "no bad input changes the data directory");
    }

    [Fact]
    public async Task HostileEnvironment_AndNulOnStandardInput_AreRefusedCleanly()
    {
        await SetUpAsync();
        var before = Snapshot();
        var cases = new (string Name, string[] Arguments, Dictionary<string, string> Environment, string? Stdin)[]
        {
            ("NUL in the message on stdin, unknown provider", ["ask", "-", "--project", "demo"], new() { ["BYOK_PROVIDER"] = "nope", ["BYOK_MODEL"] = "m" }, "hi\0there"),
            ("RTL override as provider", ["ask", "hi", "--project", "demo"], new() { ["BYOK_PROVIDER"] = "open\u202eai", ["BYOK_MODEL"] = "m" }, null),
            ("control characters as provider", ["ask", "hi", "--project", "demo"], new() { ["BYOK_PROVIDER"] = "\u0001\u001b", ["BYOK_MODEL"] = "m" }, null),
            ("huge model", ["ask", "hi", "--project", "demo", "--provider", "nope"], new() { ["BYOK_MODEL"] = new string('m', 100_000) }, null),
            ("unreadable setting", ["ask", "hi", "--project", "demo"], new() { ["ByokAgent__Providers__RequestTimeout"] = "\u202e00:01:00" }, null),
        };

        foreach (var (name, arguments, environment, stdin) in cases)
        {
            var result = await ByokProcess.RunAsync(arguments, environment, stdin, dataDirectory: _dataDirectory);
            Judge(result).Should().BeNull($"{name}: {result.StandardError}");
        }

        Snapshot().Split('\n').Should().Equal(before.Split('\n'));
    }

    // A project with a model config and a session's worth of state to keep intact.
    private async Task SetUpAsync()
    {
        (await ByokProcess.RunAsync(["projects", "create", "demo"], dataDirectory: _dataDirectory)).ExitCode.Should().Be(0);
        var added = await ByokProcess.RunAsync(
            ["models", "add", "openai", "--project", "demo", "--model", "gpt-test", "--skip-validation"],
            new Dictionary<string, string> { ["BYOK_API_KEY"] = "sk-bad-input-test-key" },
            dataDirectory: _dataDirectory);
        added.ExitCode.Should().Be(0, added.StandardError);

        // The local default project exists from the first command that uses it (by design, not as a side effect of bad input).
        (await ByokProcess.RunAsync(["models", "list"], dataDirectory: _dataDirectory)).ExitCode.Should().Be(0);
    }

    private static IEnumerable<(string Name, string[] Arguments, string? Stdin)> CasesFor(CliCommand command)
    {
        var path = command.Path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The command's own arguments filled with names that exist nowhere, so only the bad part can fail.
        string[] valid = [.. path, .. command.Arguments.Select(_ => "no-such-thing")];

        yield return ("unknown option", [.. valid, "--no-such-option"], null);
        yield return ("unknown option with a hostile name", [.. valid, "--\u202eoption"], null);
        yield return ("surplus arguments", [.. valid, "surplus-1", "surplus-2", "surplus-3"], null);
        foreach (var option in command.ValueOptions)
        {
            yield return ($"{option} without its value", [.. valid, option], null);
        }

        foreach (var (name, value, validName) in HostileValues)
        {
            // ask's argument is free text: any of these is a message a user may send, not bad input.
            if (command.Arguments.Count > 0 && command.Path != "ask" && !(validName && command.Path == "projects create"))
            {
                yield return ($"{name} as every argument", [.. path, .. command.Arguments.Select(_ => value)], null);
            }

            foreach (var option in command.ValueOptions.Where(o => o is "--project" or "--session" or "--provider" or "--urls"))
            {
                yield return ($"{name} as {option}", [.. valid, option, value], null);
            }
        }
    }

    private static string? Judge(ByokResult result)
    {
        if (result.ExitCode != 2)
        {
            return $"exit code {result.ExitCode}, not 2: {Trim(result.AllOutput)}";
        }

        if (StackTraceMarks.FirstOrDefault(mark => result.AllOutput.Contains(mark, StringComparison.Ordinal)) is { } leak)
        {
            return $"shows '{leak}': {Trim(result.AllOutput)}";
        }

        // Either byok's own single "error:" line, or System.CommandLine's usage error (its messages, then the usage).
        var lines = result.ErrorLines;
        var own = lines.Count == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal);
        var usage = lines.Count > 0 && lines.All(l => !l.StartsWith("error: ", StringComparison.Ordinal)) && result.AllOutput.Contains("Usage:", StringComparison.Ordinal);
        return own || usage ? null : $"neither one error line nor a usage error: {Trim(result.StandardError)}";
    }

    private static string Trim(string text) => text.Length > 400 ? text[..400] + "…" : text;

    // Every file of the data directory with its bytes' hash, and the database by content: every row of every table (its
    // file's bytes may move while nothing changes: checkpoints, the WAL side files that come and go with connections).
    private string Snapshot()
    {
        var files = Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("byok.db", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(_dataDirectory, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}");
        var rows = new List<string>();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dataDirectory, "byok.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            using var tables = connection.CreateCommand();
            tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
            var names = new List<string>();
            using (var reader = tables.ExecuteReader())
            {
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                }
            }

            foreach (var table in names)
            {
                using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\";";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add($"{table}: {string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)))}");
                }
            }
        }

        return string.Join('\n', [.. files, .. rows.Order(StringComparer.Ordinal)]);
    }

    /// <summary>The command tree as <c>byok --help</c> shows it, walked down every <c>Commands:</c> section.</summary>
    private static async Task<List<CliCommand>> CommandTreeAsync()
    {
        var found = new List<CliCommand>();
        var pending = new Queue<string>([""]);
        while (pending.TryDequeue(out var path))
        {
            var help = await ByokProcess.RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            help.ExitCode.Should().Be(0, $"byok {path} --help: {help.StandardError}");
            var sections = HelpSections(help.StandardOutput);
            var children = sections.GetValueOrDefault("Commands:", []).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToList();
            var arguments = sections.GetValueOrDefault("Arguments:", []).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToList();
            var valueOptions = sections.GetValueOrDefault("Options:", [])
                .Where(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries)[0].Contains('<', StringComparison.Ordinal))
                .Select(line => line.Split(' ', ',').First(part => part.StartsWith("--", StringComparison.Ordinal)))
                .ToList();
            found.Add(new CliCommand(path.Length == 0 ? "(root)" : path, arguments, valueOptions));
            foreach (var child in children)
            {
                pending.Enqueue($"{path} {child}".Trim());
            }
        }

        // The root is the REPL; it reads a terminal, so its bad arguments are checked through the same cases as the rest.
        return [.. found.Select(c => c.Path == "(root)" ? c with { Path = "" } : c)];
    }

    // "Options:" -> its indented lines (the first column of each), and so on for every section of a help page.
    private static Dictionary<string, List<string>> HelpSections(string help)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in help.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                current = sections[line.Trim()] = [];
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal) && current is not null)
            {
                current.Add(line.Trim());
            }
        }

        return sections;
    }

    private sealed record CliCommand(string Path, IReadOnlyList<string> Arguments, IReadOnlyList<string> ValueOptions)
    {
        public override string ToString() => Path.Length == 0 ? "byok" : $"byok {Path}";
    }
}
