using System.CommandLine;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Projects;
using ByokAgent.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands;

/// <summary><c>byok ask "message"</c>: one agent turn, the reply streamed to stdout, tool activity and errors to stderr.</summary>
internal static class AskCommand
{
    public static Command Create()
    {
        var message = new Argument<string>("message") { Description = "What to ask. Use - to read it from standard input." };
        var noStream = new Option<bool>("--no-stream") { Description = "Wait for the whole reply instead of streaming it." };
        var verbose = new Option<bool>("--verbose") { Description = "Write diagnostic logs to stderr (never keys or message text)." };
        var project = new Option<string?>("--project") { Description = "The project (name or id); default: the local default project." };
        var session = new Option<string?>("--session") { Description = "Continue this stored session (its id is printed as 'session: ID' on stderr)." };
        var model = new ModelConfigOptions();

        var command = new Command("ask", "Run one agent turn and print the reply as it arrives.");
        command.Arguments.Add(message);
        command.Options.Add(noStream);
        command.Options.Add(verbose);
        command.Options.Add(project);
        command.Options.Add(session);
        model.AddTo(command);

        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(message) ?? string.Empty,
            () => model.Read(parse),
            new AskTarget(parse.GetValue(project), parse.GetValue(session)),
            stream: !parse.GetValue(noStream),
            verbose: parse.GetValue(verbose),
            cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(string message, Func<ModelConfig?> readConfig, AskTarget target, bool stream, bool verbose, CancellationToken cancellationToken) =>
        CliRun.WithServicesAsync(
            async (services, ct) =>
            {
                if (message == "-")
                {
                    message = await Console.In.ReadToEndAsync(ct);
                }

                if (string.IsNullOrWhiteSpace(message))
                {
                    await Console.Error.WriteLineAsync("error: The message is empty.");
                    return ExitCodes.InvalidInput;
                }

                var flags = readConfig();
                var runtime = services.GetRequiredService<AgentRuntime>();
                var projectId = await ProjectIdAsync(services.GetRequiredService<IProjectStore>(), target.Project, ct);

                // Checked here for a clear line; the session then resolves the stored config itself, so a key the provider
                // rejects mid-turn marks that config invalid (`byok models list`).
                if (flags is null && !await HasStoredModelAsync(runtime, projectId, ct))
                {
                    await Console.Error.WriteLineAsync("error: No model configured: pass --provider, --model and --api-key, or set BYOK_PROVIDER, BYOK_MODEL and BYOK_API_KEY.");
                    return ExitCodes.InvalidInput;
                }

                var request = new AgentSessionRequest { ProjectId = projectId, SessionId = target.Session, ModelConfig = flags };
                await using var session = await runtime.OpenSessionAsync(request, ct);
                await Console.Error.WriteLineAsync($"session: {session.Id}");
                return stream
                    ? await StreamTurnAsync(session, message, ct)
                    : await RunTurnAsync(session, message, ct);
            },
            cancellationToken,
            verbose);

    private static async Task<string> ProjectIdAsync(IProjectStore projects, string? nameOrId, CancellationToken cancellationToken) =>
        nameOrId is null
            ? (await projects.GetOrCreateDefaultAsync(cancellationToken)).Id
            : (await projects.FindAsync(nameOrId.Trim(), cancellationToken))?.Id ?? throw new ProjectNotFoundException(nameOrId);

    // The project's default config or the deployment's fallback; null when neither exists.
    private static async Task<bool> HasStoredModelAsync(AgentRuntime runtime, string projectId, CancellationToken cancellationToken)
    {
        try
        {
            _ = await runtime.ResolveModelAsync(projectId, cancellationToken);
            return true;
        }
        catch (ModelConfigException)
        {
            return false;
        }
    }

    private static async Task<int> StreamTurnAsync(AgentSession session, string message, CancellationToken cancellationToken)
    {
        var endsWithNewLine = true;
        await foreach (var agentEvent in session.RunStreamingAsync(message, cancellationToken))
        {
            switch (agentEvent)
            {
                case AgentTokenEvent token:
                    await Console.Out.WriteAsync(token.Content);
                    endsWithNewLine = token.Content.EndsWith('\n');
                    break;
                case AgentToolStartEvent start:
                    await Console.Error.WriteLineAsync(ToolLines.Started(start.Tool, start.Arguments));
                    break;
                case AgentToolEndEvent end:
                    await Console.Error.WriteLineAsync(ToolLines.Finished(end.Call));
                    break;
                case AgentDoneEvent when !endsWithNewLine:
                    await Console.Out.WriteLineAsync();
                    break;
                case AgentErrorEvent error:
                    if (!endsWithNewLine)
                    {
                        await Console.Out.WriteLineAsync();
                    }

                    return ErrorLine.Write(Console.Error, error);
            }
        }

        return ExitCodes.Success;
    }

    private static async Task<int> RunTurnAsync(AgentSession session, string message, CancellationToken cancellationToken)
    {
        var result = await session.RunAsync(message, cancellationToken);
        foreach (var call in result.ToolCalls)
        {
            await Console.Error.WriteLineAsync(ToolLines.Finished(call));
        }

        await Console.Out.WriteLineAsync(result.Text);
        return ExitCodes.Success;
    }

    private sealed record AskTarget(string? Project, string? Session);
}
