using ByokAgent.Agents;
using ByokAgent.Cli.Output;
using ByokAgent.Files;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Sessions;
using ByokAgent.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Cli.Repl;

/// <summary>
/// The REPL: read a message or a slash command, run it, repeat. Every conversation is a stored session (opened on its
/// first message), and the last one of each project is remembered for <c>byok --resume</c>.
/// </summary>
internal sealed partial class ReplLoop
{
    private readonly IServiceProvider _services;
    private readonly ReplConsole _console;
    private readonly AgentRuntime _runtime;
    private readonly IProjectStore _projects;
    private readonly IModelConfigStore _configs;
    private readonly ISessionStore _sessions;
    private readonly IFileStore _files;
    private readonly LastSession _lastSession;
    private readonly InputHistory _inputHistory;
    private readonly TurnPrinter _printer;
    private Interrupts _interrupts = null!;
    private Project _project = null!;
    private AgentSession? _session;

    public ReplLoop(IServiceProvider services, ReplConsole console)
    {
        _services = services;
        _console = console;
        _runtime = services.GetRequiredService<AgentRuntime>();
        _projects = services.GetRequiredService<IProjectStore>();
        _configs = services.GetRequiredService<IModelConfigStore>();
        _sessions = services.GetRequiredService<ISessionStore>();
        _files = services.GetRequiredService<IFileStore>();
        var replDirectory = Path.Combine(services.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveDataDirectory(), "repl");
        _lastSession = new LastSession(replDirectory);
        _inputHistory = new InputHistory(replDirectory);
        _printer = new TurnPrinter(console);
        console.History = _inputHistory;
    }

    public async Task<int> RunAsync(string? projectName, bool resume)
    {
        using var interrupts = new Interrupts(_console);
        _interrupts = interrupts;
        _console.Exit = interrupts.ExitRequested;
        try
        {
            _project = projectName is null
                ? await _projects.GetOrCreateDefaultAsync()
                : await _projects.FindAsync(projectName.Trim()) ?? throw new ProjectNotFoundException(projectName);
            if (!await EnsureModelAsync())
            {
                return ExitCodes.InvalidInput;
            }

            if (resume)
            {
                await ResumeAsync(id: null);
            }

            Banner();
            var reader = new InputReader(_console);
            while (await reader.ReadAsync("› ") is { } input)
            {
                interrupts.InputReceived();
                if (string.IsNullOrWhiteSpace(input))
                {
                    continue;
                }

                _inputHistory.Add(input);
                if (input.TrimStart().StartsWith('/'))
                {
                    if (!await RunCommandAsync(input.Trim()))
                    {
                        break;
                    }
                }
                else
                {
                    await RunTurnAsync(input);
                }
            }

            return ExitCodes.Success;
        }
        finally
        {
            await CloseSessionAsync();
        }
    }

    /// <summary>A model for the project: stored, the deployment's fallback, or set up now. <see langword="false"/> when there is none.</summary>
    private async Task<bool> EnsureModelAsync()
    {
        try
        {
            _ = await _runtime.ResolveModelAsync(_project.Id);
            return true;
        }
        catch (ModelConfigException)
        {
            _console.Status("No model is configured yet.");
        }

        if (await new FirstRunSetup(_services, _console).RunAsync(_project, CancellationToken.None) is not null)
        {
            return true;
        }

        _console.Error.WriteLine("error: No model configured. Run byok again to set one up, or: byok models add <provider> --api-key KEY --model MODEL");
        return false;
    }

    private void Banner()
    {
        if (_console.Interactive)
        {
            _console.Line($"{_console.Bold("byok")} {_console.Dim($"project {_project.Name} · /help for commands · Ctrl+C stops a reply · /exit to leave")}");
            _console.Line(_console.Dim("End a line with \\ to continue it, or wrap a block in \"\"\" lines."));
        }
    }

    private async Task RunTurnAsync(string message)
    {
        var cancellationToken = _interrupts.BeginTurn();
        try
        {
            var session = await OpenSessionAsync(cancellationToken);
            var result = await _printer.RunAsync(session, message, cancellationToken);
            if (result is not null)
            {
                _lastSession.Write(_project.Id, session.Id);
            }
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
    }

    /// <summary>The current session, opened (and stored) on first use.</summary>
    private async Task<AgentSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        if (_session is null)
        {
            _session = await _runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = _project.Id }, cancellationToken);
            _console.Status($"session: {_session.Id}");
        }

        return _session;
    }

    /// <summary>Switches to a stored session: <paramref name="id"/>, or the project's last one.</summary>
    private async Task ResumeAsync(string? id)
    {
        id ??= _lastSession.Read(_project.Id);
        if (id is null)
        {
            _console.Status($"No earlier conversation in project {_project.Name}: starting a new one.");
            return;
        }

        AgentSession opened;
        try
        {
            opened = await _runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = _project.Id, SessionId = id });
        }
        catch (SessionNotFoundException)
        {
            _console.Error.WriteLine($"error: No session '{id}' in project {_project.Name} (see /sessions).");
            return;
        }

        await CloseSessionAsync();
        _session = opened;
        _lastSession.Write(_project.Id, opened.Id);
        var turns = opened.History.Count(m => m.Role == Microsoft.SemanticKernel.ChatCompletion.AuthorRole.User);
        _console.Status($"session: {opened.Id} (resumed, {turns} earlier message{(turns == 1 ? string.Empty : "s")} from you; /history shows them)");
    }

    /// <summary>Reopens the current session (same id) so it picks up a changed default model.</summary>
    private async Task ReopenSessionAsync()
    {
        if (_session is { } current)
        {
            var id = current.Id;
            await CloseSessionAsync();
            _session = await _runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = _project.Id, SessionId = id });
        }
    }

    private async Task CloseSessionAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            await session.DisposeAsync();
        }
    }
}
