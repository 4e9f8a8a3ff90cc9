package dev.docket.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that sends order receipts in the background. The only Docket code
 * is the {@link Receipts} bean's {@code @Task} method and the {@code docket.*} lines of
 * {@code application.properties}; the starter builds the client and runs the worker.
 */
@SpringBootApplication
public class ShopApplication {

  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
