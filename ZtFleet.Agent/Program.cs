using ZtFleet.Agent.Hosting;

return AgentCommand.Run(args);
