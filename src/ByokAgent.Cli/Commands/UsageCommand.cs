using System.CommandLine;
using System.Text.Json;
using ByokAgent.Cli.Commands.Models;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands;

/// <summary><c>byok usage</c>: a project's tokens and estimated cost, by day, model or session, and its budgets.</summary>
internal static class UsageCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static Command Create()
    {
        var project = new ProjectOption();
        var by = new Option<string>("--by") { Description = "Split by day, model or session.", DefaultValueFactory = _ => "day" };
        by.AcceptOnlyFromAmong("day", "model", "session");
        var from = new Option<string?>("--from") { Description = "Start: a UTC date (yyyy-MM-dd) or an ISO 8601 time with an offset (default: the start of this UTC month)." };
        var to = new Option<string?>("--to") { Description = "End: a UTC date, included (yyyy-MM-dd), or an ISO 8601 time, excluded (default: the end of today, UTC)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (the shape of GET /v1/usage)." };
        var command = new Command("usage", "Show a project's token usage and estimated cost, and its budgets.") { project.Option, by, from, to, json };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var (start, end, error) = UsageRange.Parse(parse.GetValue(from), parse.GetValue(to), services.GetRequiredService<TimeProvider>().GetUtcNow());
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return ExitCodes.InvalidInput;
            }

            var owner = await project.ResolveAsync(parse, services, ct);
            var report = await services.GetRequiredService<UsageReporter>().GetAsync(owner.Id, start, end, ct);
            var budgets = await services.GetRequiredService<BudgetGuard>().GetStatusAsync(owner.Id, owner.Name, ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(UsageJson.Of(report, budgets), Json));
                return ExitCodes.Success;
            }

            UsageTable.Write(Console.Out, owner.Name, report, budgets, parse.GetValue(by)!);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
