package dev.shortener.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports.Binding;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL 16 and Redis 7 in containers. Host ports are fixed at creation so a container stopped
 * and started again by a fault test comes back at the same address.
 */
final class ContainerBackend extends LocalPortsBackend {
  private final PostgreSQLContainer postgres;
  private final GenericContainer<?> redis;

  ContainerBackend() {
    postgres = new PostgreSQLContainer("postgres:16-alpine")
        .withDatabaseName("postgres")
        .withUsername("postgres")
        .withPassword("postgres")
        .withCommand("postgres", "-c", "shared_preload_libraries=pg_stat_statements", "-c", "fsync=off",
            "-c", "max_connections=300")
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
            .withPortBindings(new PortBinding(Binding.bindPort(pgPort), new ExposedPort(5432))));
    redis = new GenericContainer<>("redis:7-alpine")
        .withExposedPorts(6379)
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
            .withPortBindings(new PortBinding(Binding.bindPort(redisPort), new ExposedPort(6379))));
    postgres.start();
    redis.start();
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @Override
  public void stopPostgres() {
    docker().stopContainerCmd(postgres.getContainerId()).exec();
  }

  @Override
  public void startPostgres() {
    docker().startContainerCmd(postgres.getContainerId()).exec();
    Ports.awaitOpen(pgPort);
  }

  @Override
  public void stopRedis() {
    docker().stopContainerCmd(redis.getContainerId()).exec();
  }

  @Override
  public void startRedis() {
    docker().startContainerCmd(redis.getContainerId()).exec();
    Ports.awaitOpen(redisPort);
  }

  private static com.github.dockerjava.api.DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  @Override
  public void close() {
    redis.stop();
    postgres.stop();
  }
}
