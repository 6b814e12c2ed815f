package dev.prefs.standalone;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The standalone process works out of the box: without PREFS_JWT_SECRET it keeps a secret in its data folder. */
@Configuration(proxyBeanMethods = false)
class SecretConfiguration {

    @Bean
    DataFolderJwtSecret dataFolderJwtSecret(@Value("${PREFS_DATA_DIR:./data}") String dataFolder) {
        return new DataFolderJwtSecret(Path.of(dataFolder));
    }
}
