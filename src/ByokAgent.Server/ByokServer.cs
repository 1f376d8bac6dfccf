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
using ByokAgent.Server.Usage;
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
        builder.Services.AddServerTelemetry(configuration);
        builder.Services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<StorageStartup>();
        builder.Services.AddSingleton<OpenSessions>();
        builder.Services.AddSingleton<ProjectRateLimiter>();
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
        // Outside the exception handler, so the request line carries the status the handler gave a failure (not 200).
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.HasStarted)
            {
                return;
            }

            // Routes that do not exist, or not with this method (routing has set Allow), answer in the API's shape too.
            if (response.StatusCode == StatusCodes.Status404NotFound)
            {
                await ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.NotFound, "No such route.").ExecuteAsync(context.HttpContext);
            }

            if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                await ApiResults.Error(StatusCodes.Status405MethodNotAllowed, ApiErrorCodes.MethodNotAllowed, $"This route does not take {context.HttpContext.Request.Method}; see the Allow header.").ExecuteAsync(context.HttpContext);
            }

            // A JSON body over Kestrel's limit is refused while minimal APIs bind it: they set 413 without a body (no exception
            // reaches ApiExceptionHandler), so the error is written here.
            if (response.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.MessageTooLarge, "The request body is too large.").ExecuteAsync(context.HttpContext);
            }

            // A JSON route sent another Content-Type (text/plain) is refused the same way: 415 without a body, so it is written here.
            if (response.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            {
                await ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, ApiErrorCodes.InvalidBody, "The request body must be JSON, sent with Content-Type: application/json.").ExecuteAsync(context.HttpContext);
            }
        });

        app.MapOpenApi();
        HealthEndpoints.Map(app);
        // Every /v1 route needs a project key, checked before the endpoint binds (and so reads) the body.
        app.UseWhen(
            context => context.GetEndpoint()?.Metadata.GetMetadata<ProjectKeyRequired>() is not null,
            keyed => keyed.UseMiddleware<ProjectKeyMiddleware>());
        var v1 = app.MapGroup("/v1").WithMetadata(ProjectKeyRequired.Instance);
        AgentEndpoints.Map(v1);
        SessionEndpoints.Map(v1);
        ProjectModelEndpoints.Map(v1);
        FileEndpoints.Map(v1);
        UsageEndpoints.Map(v1);
        return app;
    }
}
