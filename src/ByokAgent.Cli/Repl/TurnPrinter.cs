using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Cli.Output;

namespace ByokAgent.Cli.Repl;

/// <summary>Streams one turn to the console: the reply as it arrives, a compact line per tool call, one line for a failure.</summary>
internal sealed class TurnPrinter(ReplConsole console)
{
    private const string ClearLine = "\r\u001b[2K";

    /// <summary>Runs the turn; returns its result, or <see langword="null"/> when it failed or was cancelled (the history is then unchanged).</summary>
    public async Task<AgentTurnResult?> RunAsync(AgentSession session, string message, CancellationToken cancellationToken)
    {
        var markdown = console.Interactive ? new MarkdownRenderer(console.Out) : null;
        var endsWithNewLine = true;
        var thinking = false;
        void StartThinking()
        {
            if (console.Interactive && !thinking)
            {
                console.Error.Write(console.Dim("… thinking"));
                thinking = true;
            }
        }

        StartThinking();

        void EndThinking()
        {
            if (thinking)
            {
                console.Error.Write(ClearLine);
                thinking = false;
            }
        }

        void EndLine()
        {
            EndThinking();
            markdown?.Complete();
            if (!endsWithNewLine)
            {
                console.Out.WriteLine();
                endsWithNewLine = true;
            }
        }

        try
        {
            await foreach (var agentEvent in session.RunStreamingAsync(message, cancellationToken))
            {
                switch (agentEvent)
                {
                    case AgentTokenEvent token:
                        EndThinking();
                        if (markdown is null)
                        {
                            console.Out.Write(token.Content);
                            console.Out.Flush();
                        }
                        else
                        {
                            markdown.Write(token.Content);
                        }

                        endsWithNewLine = token.Content.EndsWith('\n') || (token.Content.Length == 0 && endsWithNewLine);
                        break;
                    case AgentToolStartEvent start:
                        EndLine();
                        console.Error.WriteLine(console.Accent(ToolLines.Started(start.Tool, start.Arguments)));
                        break;
                    case AgentToolEndEvent end:
                        EndLine();
                        console.Error.WriteLine(end.Call.IsError ? console.Red(ToolLines.Finished(end.Call)) : console.Dim(ToolLines.Finished(end.Call)));
                        StartThinking();
                        break;
                    case AgentDoneEvent done:
                        EndLine();
                        return done.Result;
                    case AgentErrorEvent error:
                        EndLine();
                        ErrorLine.Write(console.Error, error);
                        return null;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndLine();
            console.Status("cancelled: the turn was stopped; the conversation is as it was before it.");
            return null;
        }

        EndLine();
        return null;
    }
}
