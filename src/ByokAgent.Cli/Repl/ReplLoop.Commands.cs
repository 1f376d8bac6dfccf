using ByokAgent.Cli.Output;
using ByokAgent.Files;
using ByokAgent.Projects;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ByokAgent.Cli.Repl;

internal sealed partial class ReplLoop
{
    /// <summary>Runs a slash command; <see langword="false"/> when the REPL should end.</summary>
    private async Task<bool> RunCommandAsync(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = words[0].ToLowerInvariant();
        var arguments = words[1..];
        if (name is "/exit" or "/quit")
        {
            return false;
        }

        var cancellationToken = _interrupts.BeginTurn();
        try
        {
            await (name switch
            {
                "/help" => HelpAsync(),
                "/models" => ModelsAsync(arguments, cancellationToken),
                "/new" => NewAsync(),
                "/sessions" => SessionsAsync(cancellationToken),
                "/resume" => ResumeAsync(arguments.FirstOrDefault()),
                "/history" => HistoryAsync(),
                "/files" => FilesAsync(arguments.FirstOrDefault() ?? string.Empty, cancellationToken),
                "/project" => ProjectAsync(arguments.FirstOrDefault(), cancellationToken),
                "/usage" => UsageAsync(cancellationToken),
                _ => UnknownAsync(words[0]),
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _console.Status("cancelled");
        }
        catch (Exception exception)
        {
            ErrorLine.Write(_console.Error, exception);
        }
        finally
        {
            _interrupts.EndTurn();
        }

        return true;
    }

    private Task HelpAsync()
    {
        foreach (var (usage, description) in SlashCommandNames.Help)
        {
            _console.Line($"  {_console.Accent(usage.PadRight(24))} {description}");
        }

        _console.Line(_console.Dim("Anything else is a message to the agent. End a line with \\ to continue it, or wrap a block in \"\"\" lines."));
        return Task.CompletedTask;
    }

    private Task UnknownAsync(string name)
    {
        var suggestion = SlashCommandNames.Suggest(name);
        _console.Error.WriteLine(suggestion is null
            ? $"Unknown command {name}. /help lists the commands."
            : $"Unknown command {name}. Did you mean {suggestion}?");
        return Task.CompletedTask;
    }

    private async Task NewAsync()
    {
        await CloseSessionAsync();
        _console.Status("New conversation: it is stored from its first message.");
    }

    private async Task SessionsAsync(CancellationToken cancellationToken)
    {
        var sessions = await _sessions.ListAsync(_project.Id, 0, 20, cancellationToken);
        if (sessions.Count == 0)
        {
            _console.Line($"No conversations in project {_project.Name} yet.");
            return;
        }

        foreach (var session in sessions)
        {
            var current = session.Id == _session?.Id ? "*" : " ";
            _console.Line($"{current} {session.Id}  {session.UpdatedAt.ToLocalTime():yyyy-MM-dd HH:mm}  {session.MessageCount,4} msgs  {session.Title ?? "(untitled)"}");
        }

        _console.Line(_console.Dim("/resume <id> continues one."));
    }

    private Task HistoryAsync()
    {
        var messages = _session?.History ?? [];
        if (!messages.Any(m => !string.IsNullOrWhiteSpace(m.Content)))
        {
            _console.Line("The conversation is empty.");
            return Task.CompletedTask;
        }

        foreach (var message in messages)
        {
            if (message.Role == AuthorRole.User && !string.IsNullOrWhiteSpace(message.Content))
            {
                _console.Line($"{_console.Bold("you:")} {message.Content}");
            }
            else if (message.Role == AuthorRole.Assistant && !string.IsNullOrWhiteSpace(message.Content))
            {
                _console.Line($"{_console.Accent("agent:")} {message.Content}");
            }
            else if (message.Role == AuthorRole.Tool)
            {
                var tools = message.Items.OfType<Microsoft.SemanticKernel.FunctionResultContent>().Select(r => string.IsNullOrEmpty(r.PluginName) ? r.FunctionName : $"{r.PluginName}_{r.FunctionName}");
                _console.Line(_console.Dim($"[tool] {string.Join(", ", tools)}"));
            }
        }

        return Task.CompletedTask;
    }

    private async Task FilesAsync(string path, CancellationToken cancellationToken)
    {
        var listing = await _files.ListAsync(_project.Id, path, recursive: false, cancellationToken);
        if (listing.Entries.Count == 0)
        {
            _console.Line(path.Length == 0 ? $"Project {_project.Name} has no files yet." : $"{path} is empty.");
            return;
        }

        foreach (var entry in listing.Entries)
        {
            _console.Line(entry.IsDirectory ? $"{entry.Path}/" : $"{entry.Path,-50} {FileSizeText.Format(entry.Size)}");
        }

        if (listing.Truncated)
        {
            _console.Line(_console.Dim("(more entries not shown)"));
        }
    }

    private async Task ProjectAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is null)
        {
            _console.Line($"Project {_project.Name} ({_project.Id}). /project <name> switches; byok projects create <name> adds one.");
            return;
        }

        var project = await _projects.FindAsync(name, cancellationToken) ?? throw new ProjectNotFoundException(name);
        await CloseSessionAsync();
        _project = project;
        _console.Status($"Project {project.Name}: a new conversation starts with your next message (/resume continues its last one).");
        await EnsureModelAsync();
    }
}
