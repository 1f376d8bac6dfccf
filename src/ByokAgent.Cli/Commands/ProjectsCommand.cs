using System.CommandLine;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Files;
using ByokAgent.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands;

/// <summary><c>byok projects</c>: create, list, rename, rotate-key, delete.</summary>
internal static class ProjectsCommand
{
    public static Command Create()
    {
        var command = new Command("projects", "Manage projects: each has its own model configs, sessions, files and API key.");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(RenameCommand());
        command.Subcommands.Add(RotateKeyCommand());
        command.Subcommands.Add(DeleteCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = new Argument<string>("name") { Description = "The project name (unique)." };
        var command = new Command("create", "Create a project and print its API key (shown once).") { name };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var created = await services.GetRequiredService<IProjectStore>().CreateAsync(parse.GetValue(name)!.Trim(), ct);
            PrintKey(created, "Created");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List the projects.");
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var projects = await services.GetRequiredService<IProjectStore>().ListAsync(ct);
            Console.WriteLine($"{"ID",-38} {"NAME",-24} CREATED");
            foreach (var project in projects)
            {
                Console.WriteLine($"{project.Id,-38} {project.Name,-24} {project.CreatedAt:yyyy-MM-dd HH:mm}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command RenameCommand()
    {
        var project = ProjectArgument();
        var newName = new Argument<string>("new-name") { Description = "The new name." };
        var command = new Command("rename", "Rename a project.") { project, newName };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<IProjectStore>();
            var found = await FindAsync(store, parse.GetValue(project)!, ct);
            var renamed = await store.RenameAsync(found.Id, parse.GetValue(newName)!.Trim(), ct) ?? throw new ProjectNotFoundException(found.Id);
            Console.WriteLine($"Renamed {found.Name} to {renamed.Name}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command RotateKeyCommand()
    {
        var project = ProjectArgument();
        var command = new Command("rotate-key", "Replace a project's API key; the old key stops working at once.") { project };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<IProjectStore>();
            var found = await FindAsync(store, parse.GetValue(project)!, ct);
            var rotated = await store.RotateKeyAsync(found.Id, ct) ?? throw new ProjectNotFoundException(found.Id);
            PrintKey(rotated, "Rotated the key of");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command DeleteCommand()
    {
        var project = ProjectArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var command = new Command("delete", "Delete a project with its model configs, sessions and files.") { project, yes };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<IProjectStore>();
            var found = await FindAsync(store, parse.GetValue(project)!, ct);
            if (!parse.GetValue(yes) && !Confirm($"Delete project {found.Name} with all its model configs, sessions and files? [y/N] "))
            {
                await Console.Error.WriteLineAsync(Console.IsInputRedirected ? "error: Refusing to delete without --yes when not interactive." : "Kept.");
                return ExitCodes.InvalidInput;
            }

            await store.DeleteAsync(found.Id, ct);
            await services.GetRequiredService<IFileStore>().DeleteProjectAsync(found.Id, ct);
            Console.WriteLine($"Deleted project {found.Name} with its files.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Argument<string> ProjectArgument() => new("project") { Description = "The project's name or id." };

    private static async Task<Project> FindAsync(IProjectStore store, string nameOrId, CancellationToken cancellationToken) =>
        await store.FindAsync(nameOrId.Trim(), cancellationToken) ?? throw new ProjectNotFoundException(nameOrId);

    // The key goes to stdout alone on its line (scripts capture it); the warning goes to stderr.
    private static void PrintKey(ProjectWithKey project, string verb)
    {
        Console.Error.WriteLine($"{verb} project {project.Project.Name} ({project.Project.Id}). Its API key follows; store it now, it is not shown again.");
        Console.WriteLine(project.ApiKey);
    }

    private static bool Confirm(string question)
    {
        if (Console.IsInputRedirected)
        {
            return false;
        }

        Console.Error.Write(question);
        return Console.ReadLine()?.Trim().ToUpperInvariant() is "Y" or "YES";
    }
}
