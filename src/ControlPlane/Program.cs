var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/alive", () => Results.Text("alive"));
app.MapGet("/health", () => Results.Text("healthy"));
app.Run();
