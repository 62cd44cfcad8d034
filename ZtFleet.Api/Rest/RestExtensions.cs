using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.OpenApi.Models;

namespace ZtFleet.Api.Rest;

/// <summary>
/// REST/JSON beside gRPC (docs/rest.md): the OpenAPI document of the transcoded methods, served at
/// <see cref="OpenApiPath"/>, described by the proto comments; server streams as newline-delimited JSON.
/// </summary>
public static class RestExtensions
{
    /// <summary>Where the OpenAPI document is served (no token needed: it describes, it does not act).</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>The content type of a transcoded server stream: one JSON object per line.</summary>
    public const string NdjsonContentType = "application/x-ndjson; charset=utf-8";

    /// <summary>
    /// Error bodies are <c>google.rpc.Status</c> objects whose <c>details</c> hold the rich details the API sends
    /// (<c>BadRequest</c> field violations, <c>ErrorInfo</c>, <c>RetryInfo</c>…): their types must be known to write them.
    /// </summary>
    public static void ConfigureTranscoding(GrpcJsonTranscodingOptions options) =>
        options.TypeRegistry = TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor, Google.Rpc.StatusReflection.Descriptor);

    public static IServiceCollection AddZtFleetOpenApi(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ZtFleet API",
                Version = "v1",
                Description = "REST/JSON transcoding of ZtFleet's gRPC services (docs/rest.md). Every call but this document needs "
                    + "`Authorization: Bearer <token>`. Errors are google.rpc.Status JSON objects.",
            });
            var comments = Path.Combine(AppContext.BaseDirectory, "ZtFleet.Api.xml");
            if (File.Exists(comments))
            {
                swagger.IncludeXmlComments(comments);
                swagger.IncludeGrpcXmlComments(comments, includeControllerXmlComments: true);
            }

            var bearer = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A ZtFleet token (the token command) or an access token of the configured OIDC issuer (docs/oidc.md).",
                Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" },
            };
            swagger.AddSecurityDefinition("bearer", bearer);
            swagger.AddSecurityRequirement(new OpenApiSecurityRequirement { [bearer] = [] });
        });
        return services;
    }

    /// <summary>
    /// Serves the OpenAPI document at <see cref="OpenApiPath"/>, and labels a transcoded server stream's answer
    /// <see cref="NdjsonContentType"/>: transcoding writes each message as one line of JSON already, as
    /// <c>application/json</c>, which a client would try to parse as one document. An error before the first message
    /// stays an <c>application/json</c> status.
    /// </summary>
    public static IApplicationBuilder UseZtFleetRest(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null
                && endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.Type == MethodType.ServerStreaming)
            {
                context.Response.OnStarting(static state =>
                {
                    var response = (HttpResponse)state;
                    if (response.StatusCode == StatusCodes.Status200OK && response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
                    {
                        response.ContentType = NdjsonContentType;
                    }

                    return Task.CompletedTask;
                }, context.Response);
            }

            return next(context);
        });
        return app.UseSwagger(swagger => swagger.RouteTemplate = "openapi/{documentName}.json");
    }
}
