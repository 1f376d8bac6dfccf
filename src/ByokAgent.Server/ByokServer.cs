using System.Text.Json;
using ByokAgent.Plugins.Browser;
using ByokAgent.Plugins.Files;
using ByokAgent.Postgres;
using ByokAgent.Server.Agent;
using ByokAgent.Server.Auth;
using ByokAgent.Server.Errors;
using ByokAgent.Server.Files;
using ByokAgent.Server.Hosting;
using ByokAgent.Server.Operations;
using ByokAgent.Server.ProjectModel;
using ByokAgent.Server.Sessions;
using Microsoft.AspNetCore.Http.Json;

namespace ByokAgent.Server;

/// <summary>Builds the HTTP API application: the runtime, its plugins, and the <c>/v1</c> routes.</summary>
public static class ByokServer
{
    /// <summary>The application for <paramref name="args"/> (<c>--urls</c>, settings), with appsettings.json beside the binary and the environment.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var configuration = builder.Configuration;

        builder.Services.AddByokAgent(configuration).AddStorageFromSettings(configuration).AddBrowserPlugin().AddFilesPlugin();
        builder.Services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<StorageStartup>();
        builder.Services.AddSingleton<OpenSessions>();
        builder.Services.AddSingleton<ProjectRateLimiter>();
        builder.Services.AddSingleton<ProjectKeyFilter>();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
        });
        // Malformed JSON and wrong types reach ApiExceptionHandler (400 invalid_body) instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>()?.ShutdownTimeout ?? TimeSpan.FromSeconds(30));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>()?.MaxJsonBodyBytes ?? 1_048_576);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseMiddleware<RequestLogging>();
        app.UseStatusCodePages(async context =>
        {
            // Routes that do not exist answer in the API's shape too.
            if (context.HttpContext.Response.StatusCode == StatusCodes.Status404NotFound && !context.HttpContext.Response.HasStarted)
            {
                await ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.NotFound, "No such route.").ExecuteAsync(context.HttpContext);
            }
        });

        app.MapOpenApi();
        HealthEndpoints.Map(app);
        var v1 = app.MapGroup("/v1").AddEndpointFilter<ProjectKeyFilter>();
        AgentEndpoints.Map(v1);
        SessionEndpoints.Map(v1);
        ProjectModelEndpoints.Map(v1);
        FileEndpoints.Map(v1);
        return app;
    }
}
